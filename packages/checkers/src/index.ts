// Public surface of @zksim/checkers (being built; see the package README).
export {};
