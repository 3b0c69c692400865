// Every op of @x/tensor, declared once (one file per family). The generated Tensor methods and
// torch.* functions, the API reference and the binder's signatures all come from this list.
import type { OpSchema } from './op';
import { ELEMENTWISE } from './elementwise';
import { IN_PLACE } from './in-place';
import { REDUCE } from './reduce';
import { LINALG } from './linalg';
import { VIEWS } from './views';
import { CONVERT } from './convert';
import { JOIN } from './join';
import { INDEXING } from './indexing';
import { SORT } from './sort';
import { CREATION } from './creation';
import { NN } from './nn';

export const OPS: readonly OpSchema[] = [...CREATION, ...ELEMENTWISE, ...IN_PLACE, ...REDUCE, ...LINALG, ...VIEWS, ...JOIN, ...INDEXING, ...SORT, ...CONVERT, ...NN];

export type { OpSchema, OpDecl, OutRule, OutSpec } from './op';
