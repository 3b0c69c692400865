// Type names the op signatures use (the binder knows them too: signature/types.ts).

/** One dim, several, or null for all of them. */
export type Dims = number | readonly number[] | null;
/** One size for every spatial dim, or one per dim (convolution and pooling). */
export type IntOrList = number | readonly number[];
