// Public surface of @zksim/cli (being built; see the package README).
export {};
