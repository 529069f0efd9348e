set terminal svg size 900,472 dynamic font 'sans,11'
set output "sinf_m1e4_1e4_speed.svg"
set title "sinf on [-1e4,1e4]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.191208 "highway avx512" 4487082
1 0.20231 "sleef-u35 avx512" 4487082
2 0.261089 "libmvec avx512" 4487082
3 0.282215 "eigen avx512" 4487082
4 0.328803 "libmvec avx2" 4487082
5 0.372529 "highway avx2" 4487082
6 0.383395 "ulpforge avx512" 13382417
7 0.450937 "sleef-u35 avx2" 4487082
8 0.506191 "eigen avx2" 4487082
9 0.682188 "ulpforge avx2" 13382417
10 1.79964 "ulpforge (best) host" 13382417
11 2.14239 "sleef-u10 avx512" 4487082
12 3.55297 "sleef-u10 avx2" 4487082
13 3.84505 "glibc scalar" 4487082
14 5.30796 "xsimd avx512" 4487082
15 6.1756 "xsimd avx2" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
