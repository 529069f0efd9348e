// module jit
