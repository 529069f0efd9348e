set terminal svg size 900,384 dynamic font 'sans,11'
set output "logf_0_FLT_MAX_speed.svg"
set title "logf on (0,FLT_MAX]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:11.6]
set xrange [0:*]
$d << EOD
0 0.313688 "sleef-u35 avx512" 4487082
1 0.48585 "ulpforge avx512" 13382417
2 0.504455 "ulpforge (best) host" 13382417
3 0.531362 "libmvec avx512" 4487082
4 0.556072 "xsimd avx512" 4487082
5 0.642432 "sleef-u10 avx512" 4487082
6 0.704334 "libmvec avx2" 4487082
7 0.890672 "xsimd avx2" 4487082
8 0.954553 "sleef-u35 avx2" 4487082
9 0.97147 "ulpforge avx2" 13382417
10 1.36451 "sleef-u10 avx2" 4487082
11 4.0732 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
