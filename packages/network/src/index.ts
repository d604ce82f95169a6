// Public surface of @zksim/network (being built; see the package README).
export {};
