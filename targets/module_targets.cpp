// module targets
