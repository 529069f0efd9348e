set terminal svg size 900,428 dynamic font 'sans,11'
set output "acosf_m1_1_speed.svg"
set title "acosf on [-1,1]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:13.6]
set xrange [0:*]
$d << EOD
0 0.393475 "highway avx512" 4487082
1 0.415505 "sleef-u35 avx512" 4487082
2 0.451619 "ulpforge (best) host" 13382417
3 0.46546 "ulpforge avx512" 13382417
4 0.508736 "libmvec avx512" 4487082
5 0.530209 "highway avx2" 4487082
6 0.571003 "xsimd avx512" 4487082
7 0.601675 "libmvec avx2" 4487082
8 0.605921 "sleef-u35 avx2" 4487082
9 0.7029 "ulpforge avx2" 13382417
10 0.87007 "xsimd avx2" 4487082
11 1.02991 "sleef-u10 avx512" 4487082
12 1.48398 "sleef-u10 avx2" 4487082
13 7.21979 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
