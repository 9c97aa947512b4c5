/** Every THREATS.md attack, A1 … A20, in catalog order. */
import type { AttackModule } from "../attack";
import { A1 } from "./a01-flash-loan";
import { A2 } from "./a02-whale-low-turnout";
import { A3 } from "./a03-sybil-split";
import { A4 } from "./a04-sybil-delegates";
import { A5 } from "./a05-delegation-graphs";
import { A6 } from "./a06-vote-buying";
import { A7 } from "./a07-late-swing";
import { A8 } from "./a08-proposal-spam";
import { A9 } from "./a09-escalation-bonds";
import { A10 } from "./a10-reentrancy";
import { A11 } from "./a11-metamorphic-target";
import { A12 } from "./a12-clock";
import { A13 } from "./a13-same-block-checkpoints";
import { A14 } from "./a14-parameter-self-modification";
import { A15 } from "./a15-captured-guardian";
import { A16 } from "./a16-quorum-supply";
import { A17 } from "./a17-front-running";
import { A18 } from "./a18-cancel-abuse";
import { A19 } from "./a19-signature-replay";
import { A20 } from "./a20-timelock-roles";

export { A1, A1_VARIANTS } from "./a01-flash-loan";
export { A2, A2_SIZES, A2_TURNOUT } from "./a02-whale-low-turnout";
export { A3, A3_KS, createA3, type A3Options } from "./a03-sybil-split";
export { A4, A4_CAP, A4_VARIANTS, type A4Variant } from "./a04-sybil-delegates";
export { A5, A5_PING_PONG, G_MAX } from "./a05-delegation-graphs";
export { A6, A6_VARIANTS, A6_WILLING, type A6Variant } from "./a06-vote-buying";
export { A7, REACTION } from "./a07-late-swing";
export { A8, A8_MAX, A8_MIN } from "./a08-proposal-spam";
export { A9, A9_VARIANTS, createA9, type A9Options, type A9Variant } from "./a09-escalation-bonds";
export { A10, A10_PATHS, type A10Path } from "./a10-reentrancy";
export { A12, A12_VARIANTS } from "./a12-clock";
export { A13, A13_BLOCKS } from "./a13-same-block-checkpoints";
export { A14, A14_STAKE, A14_SYBILS } from "./a14-parameter-self-modification";
export {
  A15,
  A15_ROUTINE,
  A15_STAGES,
  A15_TERM,
  A15_VARIANTS,
  type A15Stage,
  type A15Variant,
} from "./a15-captured-guardian";
export { A16 } from "./a16-quorum-supply";
export { A17, A17_VARIANTS, type A17Variant } from "./a17-front-running";
export { A18, A18_STAGES, type A18Stage } from "./a18-cancel-abuse";
export { A19 } from "./a19-signature-replay";
export { A20 } from "./a20-timelock-roles";
export { A11 } from "./a11-metamorphic-target";

export const ATTACKS: readonly AttackModule[] = [
  A1,
  A2,
  A3,
  A4,
  A5,
  A6,
  A7,
  A8,
  A9,
  A10,
  A11,
  A12,
  A13,
  A14,
  A15,
  A16,
  A17,
  A18,
  A19,
  A20,
];
