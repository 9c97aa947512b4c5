// SPDX-License-Identifier: MIT
pragma solidity ^0.8.27;

import {IDisputeEscalation} from "./IDisputeEscalation.sol";

/**
 * @title ITokenholderReferendum
 * @notice The final tier of a Polycentric dispute: a fresh, bounded tokenholder vote. Its weights are the governor's
 * own (`getVotes` at the referendum's snapshot, so identity summing and any future votes module apply), counted as
 * ⌊√power⌋ when the governor counts quadratically and once per identity when the governor binds identities (strict
 * mode: unbound addresses cannot vote). The snapshot is the moment the dispute reached this tier, minus one, so
 * votes acquired after the escalation was known do not count.
 *
 * Outcome: Reject only with a super-quorum of Reject + Abstain raw participation (the governor's quorum convention,
 * with Reject as the motion) and more Reject than Uphold weight; otherwise the proposal the governor passed stands
 * (Uphold). The vote lasts the fixed `referendumPeriod`, so the final word always arrives in bounded time.
 */
interface ITokenholderReferendum {
    /** @notice `voter` voted `support` (0 Reject, 1 Uphold, 2 Abstain) with `power` raw votes counted as `weight`. */
    event ReferendumVoteCast(
        uint256 indexed proposalId,
        address indexed voter,
        uint8 support,
        uint256 power,
        uint256 weight
    );

    /** @notice The zero address was given for the court or the token. */
    error ReferendumZeroAddress();
    /** @notice The referendum on `proposalId` is not open. */
    error ReferendumNotOpen(uint256 proposalId);
    /** @notice `support` is not 0 (Reject), 1 (Uphold) or 2 (Abstain). */
    error ReferendumInvalidSupport(uint8 support);
    /** @notice The voting unit `unit` of `voter` already voted on `proposalId`. */
    error ReferendumAlreadyVoted(uint256 proposalId, address voter, uint256 unit);
    /** @notice `voter` had no votes at `snapshot`, or may not vote (strict identity mode, unbound). */
    error ReferendumNoVotingPower(uint256 proposalId, address voter, uint256 snapshot);

    /** @notice The dispute contract this referendum decides for. */
    function court() external view returns (IDisputeEscalation);

    /**
     * @notice Votes on `proposalId`'s referendum while it is open: 0 Reject, 1 Uphold, 2 Abstain. Returns the
     * counted weight.
     */
    function castVote(uint256 proposalId, uint8 support) external returns (uint256 weight);

    /** @notice The raw tallies (token wei) and the counted weights of `proposalId`'s referendum. */
    function tally(
        uint256 proposalId
    )
        external
        view
        returns (uint256 rawReject, uint256 rawUphold, uint256 rawAbstain, uint256 weightReject, uint256 weightUphold);

    /** @notice Reject + Abstain raw participation needed to reject: `superQuorumBps` of the supply at `snapshot`. */
    function superQuorum(uint256 snapshot, uint16 superQuorumBps) external view returns (uint256);

    /** @notice The outcome of the tallies so far against the super-quorum (final once the vote closed). */
    function outcome(
        uint256 proposalId,
        uint256 snapshot,
        uint16 superQuorumBps
    ) external view returns (IDisputeEscalation.Ruling);

    /** @notice True when `voter`'s voting unit already voted on `proposalId`. */
    function hasVoted(uint256 proposalId, address voter) external view returns (bool);
}
