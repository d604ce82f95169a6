// Public surface of @zksim/server (being built; see the package README).
export {};
