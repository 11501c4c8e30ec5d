export { computeSum, headerDigest, isSumIgnored, parseSum, renderSum, SUM_FILE, type SumEntry, type SumFile } from './hash.js';
export { checkSum, type SumCheck, type SumFinding, type SumFindingKind } from './check.js';
