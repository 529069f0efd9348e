set terminal svg size 900,384 dynamic font 'sans,11'
set output "tanf_mpi_pi_speed.svg"
set title "tanf on [-pi,pi]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:11.6]
set xrange [0:*]
$d << EOD
0 0.329665 "sleef-u35 avx512" 4487082
1 0.376017 "libmvec avx512" 4487082
2 0.595068 "ulpforge avx512" 13382417
3 0.623009 "xsimd avx2" 4487082
4 0.63174 "sleef-u35 avx2" 4487082
5 0.657098 "libmvec avx2" 4487082
6 0.743432 "xsimd avx512" 4487082
7 0.776895 "sleef-u10 avx512" 4487082
8 1.12679 "ulpforge avx2" 13382417
9 1.64165 "sleef-u10 avx2" 4487082
10 1.99094 "ulpforge (best) host" 13382417
11 12.1054 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
