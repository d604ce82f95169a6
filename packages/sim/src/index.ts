// Public surface of @zksim/sim (being built; see the package README).
export {};
