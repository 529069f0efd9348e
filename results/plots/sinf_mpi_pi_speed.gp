set terminal svg size 900,428 dynamic font 'sans,11'
set output "sinf_mpi_pi_speed.svg"
set title "sinf on [-pi,pi]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:13.6]
set xrange [0:*]
$d << EOD
0 0.241049 "sleef-u35 avx512" 4487082
1 0.306821 "libmvec avx512" 4487082
2 0.435913 "libmvec avx2" 4487082
3 0.476279 "ulpforge (best) host" 13382417
4 0.504375 "ulpforge (ulpforge_sinf_u16) avx512" 13382417
5 0.505099 "ulpforge avx512" 13382417
6 0.530665 "sleef-u35 avx2" 4487082
7 0.57834 "sleef-u10 avx512" 4487082
8 0.589884 "ulpforge (ulpforge_sinf_u16) avx2" 13382417
9 0.604833 "ulpforge avx2" 13382417
10 0.895311 "xsimd avx2" 4487082
11 0.936937 "sleef-u10 avx2" 4487082
12 1.0202 "xsimd avx512" 4487082
13 6.08772 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
