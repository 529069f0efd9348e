set terminal svg size 900,560 dynamic font 'sans,11'
set output "logf_0_FLT_MAX_speed.svg"
set title "logf on (0,FLT_MAX]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:19.6]
set xrange [0:*]
$d << EOD
0 0.244637 "sleef-u35 avx512" 4487082
1 0.353125 "highway avx512" 4487082
2 0.384484 "ulpforge (ulpforge_logf_u4) avx512" 13382417
3 0.426549 "ulpforge (ulpforge_logf_u2) avx512" 13382417
4 0.42957 "ulpforge avx512" 13382417
5 0.431639 "ulpforge (best) host" 13382417
6 0.479624 "libmvec avx512" 4487082
7 0.524742 "xsimd avx512" 4487082
8 0.540346 "libmvec avx2" 4487082
9 0.567528 "sleef-u10 avx512" 4487082
10 0.613823 "highway avx2" 4487082
11 0.694811 "eigen avx512" 4487082
12 0.7211 "ulpforge avx2" 13382417
13 0.731654 "ulpforge (ulpforge_logf_u2) avx2" 13382417
14 0.747978 "ulpforge (ulpforge_logf_u4) avx2" 13382417
15 0.754406 "eigen avx2" 4487082
16 0.773068 "xsimd avx2" 4487082
17 0.913813 "sleef-u35 avx2" 4487082
18 1.21795 "sleef-u10 avx2" 4487082
19 3.83631 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
