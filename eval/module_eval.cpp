// module eval
