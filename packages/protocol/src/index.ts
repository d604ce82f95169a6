// Public surface of @zksim/protocol (being built; see the package README).
export {};
