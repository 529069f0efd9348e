set terminal svg size 900,516 dynamic font 'sans,11'
set output "tanhf_m10_10_speed.svg"
set title "tanhf on [-10,10]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:17.6]
set xrange [0:*]
$d << EOD
0 0.422979 "ulpforge (ulpforge_tanhf_u16) avx512" 13382417
1 0.43302 "libmvec avx512" 4487082
2 0.454411 "ulpforge (ulpforge_tanhf_u2) avx512" 13382417
3 0.49235 "ulpforge avx512" 13382417
4 0.501642 "ulpforge (ulpforge_tanhf_u4) avx512" 13382417
5 0.504138 "ulpforge (best) host" 13382417
6 0.511796 "sleef-u35 avx512" 4487082
7 0.560344 "ulpforge (ulpforge_tanhf_u16) avx2" 13382417
8 0.589086 "xsimd avx512" 4487082
9 0.63526 "ulpforge (ulpforge_tanhf_u4) avx2" 13382417
10 0.649276 "ulpforge (ulpforge_tanhf_u2) avx2" 13382417
11 0.67635 "ulpforge avx2" 13382417
12 0.678357 "xsimd avx2" 4487082
13 0.742583 "libmvec avx2" 4487082
14 0.889028 "sleef-u35 avx2" 4487082
15 1.45389 "sleef-u10 avx512" 4487082
16 2.14959 "sleef-u10 avx2" 4487082
17 11.9992 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
