set terminal svg size 900,384 dynamic font 'sans,11'
set output "logf_0_FLT_MAX_speed.svg"
set title "logf on (0,FLT_MAX]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:11.6]
set xrange [0:*]
$d << EOD
0 0.235858 "sleef-u35 avx512" 4487082
1 0.398289 "libmvec avx512" 4487082
2 0.433495 "ulpforge avx512" 13382417
3 0.461111 "ulpforge (best) host" 13382417
4 0.503258 "xsimd avx512" 4487082
5 0.508026 "libmvec avx2" 4487082
6 0.557976 "sleef-u10 avx512" 4487082
7 0.666892 "sleef-u35 avx2" 4487082
8 0.66873 "ulpforge avx2" 13382417
9 0.672178 "xsimd avx2" 4487082
10 1.11763 "sleef-u10 avx2" 4487082
11 3.34502 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
