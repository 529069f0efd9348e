set terminal svg size 900,472 dynamic font 'sans,11'
set output "sinf_mpi_pi_speed.svg"
set title "sinf on [-pi,pi]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.162119 "sleef-u35 avx512" 4487082
1 0.184302 "highway avx512" 4487082
2 0.242814 "libmvec avx512" 4487082
3 0.279021 "eigen avx512" 4487082
4 0.316734 "ulpforge (best) host" 13382417
5 0.355137 "libmvec avx2" 4487082
6 0.355958 "highway avx2" 4487082
7 0.364311 "sleef-u10 avx512" 4487082
8 0.372741 "sleef-u35 avx2" 4487082
9 0.375019 "ulpforge avx512" 13382417
10 0.518581 "xsimd avx512" 4487082
11 0.548159 "eigen avx2" 4487082
12 0.648421 "ulpforge avx2" 13382417
13 0.760043 "xsimd avx2" 4487082
14 0.802733 "sleef-u10 avx2" 4487082
15 1.99132 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
