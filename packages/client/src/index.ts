// Public surface of @zksim/client (being built; see the package README).
export {};
