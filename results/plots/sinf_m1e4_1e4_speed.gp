set terminal svg size 900,472 dynamic font 'sans,11'
set output "sinf_m1e4_1e4_speed.svg"
set title "sinf on [-1e4,1e4]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.202937 "highway avx512" 4487082
1 0.215427 "sleef-u35 avx512" 4487082
2 0.239795 "libmvec avx512" 4487082
3 0.32331 "libmvec avx2" 4487082
4 0.325937 "eigen avx512" 4487082
5 0.34975 "ulpforge (best) host" 13382417
6 0.358723 "highway avx2" 4487082
7 0.441964 "ulpforge avx512" 13382417
8 0.493076 "sleef-u35 avx2" 4487082
9 0.497113 "eigen avx2" 4487082
10 0.69716 "ulpforge avx2" 13382417
11 2.03593 "sleef-u10 avx512" 4487082
12 3.38963 "sleef-u10 avx2" 4487082
13 3.65572 "glibc scalar" 4487082
14 6.04059 "xsimd avx2" 4487082
15 6.12357 "xsimd avx512" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
