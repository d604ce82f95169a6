// Public surface of @zksim/protocol: ids, zxids, error codes, transactions, messages (types and tiny helpers).
export * from './error-codes.ts';
export * from './ids.ts';
export * from './txn.ts';
export * from './messages.ts';
export * from './zxid.ts';
export * from './session-id.ts';
export * from './password.ts';
