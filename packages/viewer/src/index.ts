// Public surface of @zksim/viewer (being built; see the package README).
export {};
