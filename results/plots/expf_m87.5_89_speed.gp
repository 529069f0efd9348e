set terminal svg size 900,384 dynamic font 'sans,11'
set output "expf_m87.5_89_speed.svg"
set title "expf on [-87.5,89]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:11.6]
set xrange [0:*]
$d << EOD
0 0.290784 "ulpforge (ulpforge_expf_u4) avx512" 13382417
1 0.290788 "ulpforge (best) host" 13382417
2 0.309328 "ulpforge avx512" 13382417
3 0.333471 "xsimd avx2" 4487082
4 0.354961 "xsimd avx512" 4487082
5 0.367589 "sleef-u10 avx512" 4487082
6 0.386869 "ulpforge avx2" 13382417
7 0.431238 "ulpforge (ulpforge_expf_u4) avx2" 13382417
8 0.597605 "libmvec avx512" 4487082
9 0.629926 "libmvec avx2" 4487082
10 0.81765 "sleef-u10 avx2" 4487082
11 3.35021 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
