set terminal svg size 900,560 dynamic font 'sans,11'
set output "log2f_0_FLT_MAX_speed.svg"
set title "log2f on (0,FLT_MAX]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:19.6]
set xrange [0:*]
$d << EOD
0 0.290572 "libmvec avx512" 4487082
1 0.339572 "sleef-u35 avx512" 4487082
2 0.406245 "ulpforge (ulpforge_log2f_u16) avx512" 13382417
3 0.427446 "ulpforge (ulpforge_log2f_u2) avx512" 13382417
4 0.449174 "highway avx512" 4487082
5 0.465809 "ulpforge avx512" 13382417
6 0.49611 "ulpforge (best) host" 13382417
7 0.553568 "xsimd avx512" 4487082
8 0.579587 "libmvec avx2" 4487082
9 0.67969 "highway avx2" 4487082
10 0.691448 "sleef-u10 avx512" 4487082
11 0.729731 "xsimd avx2" 4487082
12 0.731042 "ulpforge avx2" 13382417
13 0.770646 "sleef-u35 avx2" 4487082
14 0.778007 "eigen avx2" 4487082
15 0.78116 "eigen avx512" 4487082
16 0.810203 "ulpforge (ulpforge_log2f_u16) avx2" 13382417
17 0.871087 "ulpforge (ulpforge_log2f_u2) avx2" 13382417
18 1.4553 "sleef-u10 avx2" 4487082
19 4.05189 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
