set terminal svg size 900,472 dynamic font 'sans,11'
set output "asinhf_m10_10_speed.svg"
set title "asinhf on [-10,10]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.794029 "libmvec avx512" 4487082
1 0.91085 "highway avx512" 4487082
2 1.03475 "xsimd avx512" 4487082
3 1.25238 "ulpforge (best) host" 13382417
4 1.32073 "ulpforge (ulpforge_asinhf_u2) avx512" 13382417
5 1.34846 "ulpforge (ulpforge_asinhf_u16) avx512" 13382417
6 1.45879 "ulpforge avx512" 13382417
7 1.63864 "xsimd avx2" 4487082
8 1.80652 "libmvec avx2" 4487082
9 1.86307 "highway avx2" 4487082
10 1.90301 "ulpforge (ulpforge_asinhf_u16) avx2" 13382417
11 1.91327 "ulpforge (ulpforge_asinhf_u2) avx2" 13382417
12 2.27677 "ulpforge avx2" 13382417
13 2.55011 "sleef-u10 avx512" 4487082
14 4.54252 "sleef-u10 avx2" 4487082
15 9.07566 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
