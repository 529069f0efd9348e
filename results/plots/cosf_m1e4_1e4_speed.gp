set terminal svg size 900,516 dynamic font 'sans,11'
set output "cosf_m1e4_1e4_speed.svg"
set title "cosf on [-1e4,1e4]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:17.6]
set xrange [0:*]
$d << EOD
0 0.324401 "highway avx512" 4487082
1 0.353836 "sleef-u35 avx512" 4487082
2 0.363116 "libmvec avx512" 4487082
3 0.42163 "highway avx2" 4487082
4 0.438868 "eigen avx512" 4487082
5 0.516816 "ulpforge (ulpforge_cosf_u16) avx512" 13382417
6 0.523407 "ulpforge (best) host" 13382417
7 0.549182 "ulpforge avx512" 13382417
8 0.641074 "libmvec avx2" 4487082
9 0.682717 "ulpforge avx2" 13382417
10 0.755619 "eigen avx2" 4487082
11 0.81685 "ulpforge (ulpforge_cosf_u16) avx2" 13382417
12 0.887123 "sleef-u35 avx2" 4487082
13 3.51453 "sleef-u10 avx512" 4487082
14 5.66977 "xsimd avx512" 4487082
15 5.81456 "sleef-u10 avx2" 4487082
16 5.82141 "glibc scalar" 4487082
17 7.74036 "xsimd avx2" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
