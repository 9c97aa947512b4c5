// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

// Campaign code, not deployed: handlers prank actors and call by signature, invariants are named after THREATS ids.
// solhint-disable reentrancy, avoid-low-level-calls, func-name-mixedcase, gas-small-strings, gas-struct-packing
// solhint-disable function-max-lines, max-states-count, one-contract-per-file, interface-starts-with-i
// solhint-disable const-name-snakecase

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

import {PolycentricToken} from "../../contracts/token/PolycentricToken.sol";
import {PolycentricTokenBlockClock__Mock} from "../../contracts/mocks/PolycentricTokenBlockClock__Mock.sol";
import {AttestationVerifier__Mock} from "../../contracts/mocks/AttestationVerifier__Mock.sol";
import {PolycentricGovernor} from "../../contracts/governance/PolycentricGovernor.sol";
import {GovernorParams} from "../../contracts/governance/GovernorParams.sol";
import {GovernancePolicy} from "../../contracts/guardrails/GovernancePolicy.sol";
import {IGovernancePolicy} from "../../contracts/interfaces/IGovernancePolicy.sol";
import {IdentityRegistry} from "../../contracts/identity/IdentityRegistry.sol";
import {IIdentityRegistry} from "../../contracts/interfaces/IIdentityRegistry.sol";
import {DisputeEscalation, CommitteeConfig, GuardianConfig} from "../../contracts/disputes/DisputeEscalation.sol";
import {IDisputeEscalation} from "../../contracts/interfaces/IDisputeEscalation.sol";
import {ArbitrationCommittee} from "../../contracts/disputes/ArbitrationCommittee.sol";
import {TokenholderReferendum} from "../../contracts/disputes/TokenholderReferendum.sol";
import {ProposalGuardian} from "../../contracts/disputes/ProposalGuardian.sol";
import {FreshPowerEscalation} from "../../contracts/disputes/FreshPowerEscalation.sol";
import {TEETrustRegistry} from "../../contracts/examples/TEETrustRegistry.sol";
import {IAttestationVerifier} from "../../contracts/examples/interfaces/IAttestationVerifier.sol";

import {Vm} from "./utils/Test.sol";

/// @dev Every contract of one production suite deployment (all modules on).
struct Suite {
    PolycentricToken token;
    TimelockController timelock;
    PolycentricGovernor governor;
    IdentityRegistry registry;
    GovernancePolicy policy;
    DisputeEscalation escalation;
    ArbitrationCommittee committee;
    TokenholderReferendum referendum;
    ProposalGuardian guardian;
    FreshPowerEscalation freshPower;
    TEETrustRegistry trust;
    bool blockClock;
}

/// @dev The people the handlers act as. Holders vote, delegate, propose, stake; the attacker is one of them.
struct Actors {
    address[] holders;
    address attacker;
    address lender;
    address[] attesters;
    address[] committee;
    address guardian;
    address[] recipients;
}

/**
 * @title SuiteDeployment
 * @dev The production suite as deploy/builders.ts wires it (PRODUCTION variant, every module on): token, timelock,
 * IdentityRegistry (open mode), DisputeEscalation with its committee, referendum, guardian and the FreshPowerEscalation
 * hook, GovernancePolicy (the lib/guardrails.ts rules and meta-governance registry), the governor with √ counting,
 * caps, holding period and identity, and the example TEETrustRegistry governed by the timelock. Parameters are the
 * common world's (lib/params.ts), converted to the token's clock.
 *
 * Every construction is in {deploySuite}, so an API change on another branch is adapted here and only here.
 */
library SuiteDeployment {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    uint256 internal constant SUPPLY = 10_000_000e18;
    uint256 internal constant DAY = 1 days;
    uint256 internal constant HOUR = 1 hours;
    uint256 internal constant SECONDS_PER_BLOCK = 12;

    /// @dev Timelock delay the campaign holds governance to (THREATS I15/I16, defect 5): the bound the policy gains.
    uint256 internal constant TIMELOCK_MIN_DELAY = 2 days;
    uint256 internal constant TIMELOCK_MAX_DELAY = 30 days;

    bytes32 internal constant TEE_TYPE = keccak256("aws-nitro");
    bytes32 internal constant INITIAL_MEASUREMENT = keccak256("enclave build 1");

    /// @dev lib/time.ts toClockUnits: seconds, or whole blocks rounded up.
    function clockUnits(uint256 secs, bool blockClock) internal pure returns (uint256) {
        return blockClock ? (secs + SECONDS_PER_BLOCK - 1) / SECONDS_PER_BLOCK : secs;
    }

    function actors() internal pure returns (Actors memory a) {
        a.holders = new address[](8);
        for (uint256 i = 0; i < 8; ++i) a.holders[i] = address(uint160(0x1000 + i));
        a.attacker = a.holders[1];
        a.lender = address(0x2000);
        a.attesters = new address[](2);
        a.attesters[0] = a.holders[0]; // honest
        a.attesters[1] = a.attacker; // malicious
        a.committee = new address[](5);
        for (uint256 i = 0; i < 5; ++i) a.committee[i] = address(uint160(0x3000 + i));
        a.guardian = address(0x4000);
        a.recipients = new address[](3);
        for (uint256 i = 0; i < 3; ++i) a.recipients[i] = address(uint160(0x5000 + i));
    }

    /// @dev Holdings: below, at and above the 2 % cap (200,000 GOV), so caps, holding period and quorums all bind.
    function holding(uint256 i) internal pure returns (uint256) {
        uint256[8] memory h = [
            uint256(60_000e18),
            90_000e18,
            120_000e18,
            150_000e18,
            250_000e18,
            400_000e18,
            600_000e18,
            900_000e18
        ];
        return h[i];
    }

    uint256 internal constant LENDER_POOL = 1_000_000e18;

    function governorParams(bool b) internal pure returns (GovernorParams memory) {
        return
            GovernorParams({
                name: "Polycentric Governor",
                votingDelay: uint48(clockUnits(DAY, b)),
                votingPeriod: uint32(clockUnits(5 * DAY, b)),
                proposalThreshold: (SUPPLY * 25) / 10_000,
                quorumNumerator: 4,
                lateQuorumExtension: uint48(clockUnits(DAY, b)),
                capFraction: 200,
                minCapFraction: 100,
                maxCapFraction: 1_000,
                holdingPeriod: uint48(clockUnits(DAY, b)),
                minHoldingPeriod: uint48(clockUnits(HOUR, b)),
                maxHoldingPeriod: uint48(clockUnits(30 * DAY, b))
            });
    }

    /// @dev lib/guardrails.ts parameterRules.
    function parameterRules(bool b) internal pure returns (IGovernancePolicy.ParameterRule[] memory r) {
        r = new IGovernancePolicy.ParameterRule[](7);
        r[0] = _rule("setVotingDelay(uint48)", "votingDelay()", clockUnits(HOUR, b), clockUnits(7 * DAY, b));
        r[1] = _rule("setVotingPeriod(uint32)", "votingPeriod()", clockUnits(3 * DAY, b), clockUnits(14 * DAY, b));
        r[2] = _rule("setProposalThreshold(uint256)", "proposalThreshold()", SUPPLY / 1_000, SUPPLY / 100);
        r[3] = _rule("updateQuorumNumerator(uint256)", "quorumNumerator()", 2, 20);
        r[4] = _rule(
            "setLateQuorumVoteExtension(uint48)",
            "lateQuorumVoteExtension()",
            clockUnits(HOUR, b),
            clockUnits(3 * DAY, b)
        );
        r[5] = _rule("setCapFraction(uint256)", "capFraction()", 100, 1_000);
        r[6] = _rule("setHoldingPeriod(uint48)", "holdingPeriod()", clockUnits(HOUR, b), clockUnits(30 * DAY, b));
    }

    function _rule(
        string memory setter,
        string memory getter,
        uint256 min,
        uint256 max
    ) private pure returns (IGovernancePolicy.ParameterRule memory) {
        return
            IGovernancePolicy.ParameterRule({
                setter: bytes4(keccak256(bytes(setter))),
                getter: bytes4(keccak256(bytes(getter))),
                min: min,
                max: max
            });
    }

    /// @dev deploy/trust-registry.ts TRUST_REGISTRY_META_FUNCTIONS.
    function trustMetaSelectors() internal pure returns (bytes4[] memory s) {
        s = new bytes4[](5);
        s[0] = TEETrustRegistry.addTeeType.selector;
        s[1] = TEETrustRegistry.approveMeasurement.selector;
        s[2] = TEETrustRegistry.setRootCertificate.selector;
        s[3] = TEETrustRegistry.setHeartbeatMaxAge.selector;
        s[4] = TEETrustRegistry.setGuardian.selector;
    }

    /**
     * @dev Deploys the suite from the calling contract (the deployer), hands every privilege to the timelock and
     * renounces the deployer's, then hands out the holdings. The deployer keeps nothing (THREATS I16).
     */
    function deploySuite(bool blockClock) internal returns (Suite memory s) {
        Actors memory a = actors();
        s.blockClock = blockClock;
        s.token =
            blockClock
                ? new PolycentricTokenBlockClock__Mock("Polycentric", "GOV", address(this), SUPPLY)
                : new PolycentricToken("Polycentric", "GOV", address(this), SUPPLY);
        s.timelock = new TimelockController(2 days, new address[](0), new address[](0), address(this));

        s.freshPower = new FreshPowerEscalation(
            IVotes(address(s.token)),
            14 days,
            5_000,
            IDisputeEscalation(address(0))
        );
        s.escalation = _deployEscalation(s, a, blockClock);
        s.committee = ArbitrationCommittee(s.escalation.committee());
        s.referendum = TokenholderReferendum(s.escalation.referendum());
        s.guardian = ProposalGuardian(s.escalation.proposalGuardian());

        uint48[] memory attesterExpiries = new uint48[](a.attesters.length);
        for (uint256 i = 0; i < attesterExpiries.length; ++i) attesterExpiries[i] = uint48(block.timestamp + 365 days);
        s.registry = new IdentityRegistry(
            address(s.timelock),
            IERC6372(address(s.token)),
            16,
            a.attesters,
            attesterExpiries
        );

        s.trust = new TEETrustRegistry(
            address(this),
            IAttestationVerifier(address(new AttestationVerifier__Mock())),
            keccak256("attestation root certificate v1"),
            1 hours,
            5 minutes,
            7 days
        );
        s.trust.addTeeType(TEE_TYPE, "AWS Nitro Enclaves");
        s.trust.approveMeasurement(TEE_TYPE, INITIAL_MEASUREMENT);

        s.policy = _deployPolicy(s, blockClock);
        s.governor = new PolycentricGovernor(
            IVotes(address(s.token)),
            s.timelock,
            IIdentityRegistry(address(s.registry)),
            false,
            governorParams(blockClock),
            IDisputeEscalation(address(s.escalation)),
            IGovernancePolicy(address(s.policy))
        );

        s.timelock.grantRole(s.timelock.PROPOSER_ROLE(), address(s.governor));
        s.timelock.grantRole(s.timelock.CANCELLER_ROLE(), address(s.governor));
        s.timelock.grantRole(s.timelock.EXECUTOR_ROLE(), address(s.governor));
        s.timelock.renounceRole(s.timelock.DEFAULT_ADMIN_ROLE(), address(this));
        s.trust.grantRole(s.trust.DEFAULT_ADMIN_ROLE(), address(s.timelock));
        s.trust.renounceRole(s.trust.DEFAULT_ADMIN_ROLE(), address(this));

        // Holdings; everything else is the treasury.
        for (uint256 i = 0; i < a.holders.length; ++i) s.token.transfer(a.holders[i], holding(i));
        s.token.transfer(a.lender, LENDER_POOL);
        s.token.transfer(address(s.timelock), s.token.balanceOf(address(this)));
        vm.deal(address(s.timelock), 100 ether);
    }

    function _deployEscalation(Suite memory s, Actors memory a, bool b) private returns (DisputeEscalation) {
        IDisputeEscalation.DisputeParams memory p = IDisputeEscalation.DisputeParams({
            challengeWindow: uint32(clockUnits(2 * DAY, b)),
            escalatedWindow: uint32(clockUnits(4 * DAY, b)),
            lateChallengeExtension: uint32(clockUnits(DAY, b)),
            rulingPeriod: uint32(clockUnits(3 * DAY, b)),
            appealWindow: uint32(clockUnits(2 * DAY, b)),
            referendumPeriod: uint32(clockUnits(5 * DAY, b)),
            burnBps: 5_000,
            superQuorumBps: 1_000,
            appealFactor: 2,
            bond: 10_000e18
        });
        uint48[] memory expiries = new uint48[](a.committee.length);
        for (uint256 i = 0; i < expiries.length; ++i) expiries[i] = uint48(block.timestamp + 365 days);
        CommitteeConfig memory committee = CommitteeConfig({
            members: a.committee,
            expiries: expiries,
            threshold: 2,
            appealThreshold: 3,
            maxTerm: 365 days
        });
        GuardianConfig memory guardian = GuardianConfig({
            guardian: a.guardian,
            expiry: uint48(block.timestamp + 180 days),
            maxTerm: 180 days
        });
        address[] memory hooks = new address[](1);
        hooks[0] = address(s.freshPower);
        return new DisputeEscalation(IERC20(address(s.token)), address(s.timelock), p, committee, guardian, hooks);
    }

    function _deployPolicy(Suite memory s, bool b) private returns (GovernancePolicy) {
        IGovernancePolicy.PolicyConfig memory config = IGovernancePolicy.PolicyConfig({
            governance: address(s.timelock),
            superQuorumBps: 800,
            maxActions: 10,
            changeInterval: uint48(clockUnits(30 * DAY, b)),
            proposalBond: 0,
            disputes: address(s.escalation),
            minTimelockDelay: uint48(TIMELOCK_MIN_DELAY),
            maxTimelockDelay: uint48(TIMELOCK_MAX_DELAY)
        });
        bytes4[] memory trustMeta = trustMetaSelectors();
        IGovernancePolicy.MetaRule[] memory meta = new IGovernancePolicy.MetaRule[](5 + trustMeta.length);
        bytes4 any = bytes4(0xffffffff);
        meta[0] = IGovernancePolicy.MetaRule({target: address(s.registry), selector: any});
        meta[1] = IGovernancePolicy.MetaRule({target: address(s.escalation), selector: any});
        meta[2] = IGovernancePolicy.MetaRule({target: address(s.committee), selector: any});
        meta[3] = IGovernancePolicy.MetaRule({target: address(s.referendum), selector: any});
        meta[4] = IGovernancePolicy.MetaRule({target: address(s.guardian), selector: any});
        for (uint256 i = 0; i < trustMeta.length; ++i) {
            meta[5 + i] = IGovernancePolicy.MetaRule({target: address(s.trust), selector: trustMeta[i]});
        }
        return new GovernancePolicy(config, parameterRules(b), meta);
    }
}
