// module engine
