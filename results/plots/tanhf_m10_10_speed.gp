set terminal svg size 900,560 dynamic font 'sans,11'
set output "tanhf_m10_10_speed.svg"
set title "tanhf on [-10,10]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:19.6]
set xrange [0:*]
$d << EOD
0 0.361988 "eigen avx2" 4487082
1 0.377975 "eigen avx512" 4487082
2 0.431278 "libmvec avx512" 4487082
3 0.480537 "ulpforge (ulpforge_tanhf_u4) avx512" 13382417
4 0.526321 "ulpforge (ulpforge_tanhf_u2) avx512" 13382417
5 0.55747 "ulpforge (best) host" 13382417
6 0.561639 "ulpforge avx512" 13382417
7 0.605758 "sleef-u35 avx512" 4487082
8 0.623238 "highway avx512" 4487082
9 0.686069 "xsimd avx512" 4487082
10 0.826095 "ulpforge (ulpforge_tanhf_u2) avx2" 13382417
11 0.826762 "ulpforge (ulpforge_tanhf_u4) avx2" 13382417
12 0.904003 "ulpforge avx2" 13382417
13 0.909606 "xsimd avx2" 4487082
14 0.998724 "libmvec avx2" 4487082
15 1.00521 "highway avx2" 4487082
16 1.16653 "sleef-u35 avx2" 4487082
17 1.61664 "sleef-u10 avx512" 4487082
18 2.59779 "sleef-u10 avx2" 4487082
19 15.0827 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
