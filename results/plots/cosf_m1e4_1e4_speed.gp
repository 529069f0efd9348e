set terminal svg size 900,472 dynamic font 'sans,11'
set output "cosf_m1e4_1e4_speed.svg"
set title "cosf on [-1e4,1e4]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.196438 "highway avx512" 4487082
1 0.204328 "sleef-u35 avx512" 4487082
2 0.237703 "libmvec avx512" 4487082
3 0.270197 "eigen avx512" 4487082
4 0.30512 "ulpforge (best) host" 13382417
5 0.328957 "libmvec avx2" 4487082
6 0.341824 "ulpforge avx512" 13382417
7 0.381647 "highway avx2" 4487082
8 0.481982 "sleef-u35 avx2" 4487082
9 0.48989 "eigen avx2" 4487082
10 0.655833 "ulpforge avx2" 13382417
11 2.12605 "sleef-u10 avx512" 4487082
12 3.43981 "sleef-u10 avx2" 4487082
13 3.95451 "glibc scalar" 4487082
14 5.07281 "xsimd avx512" 4487082
15 5.78227 "xsimd avx2" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
