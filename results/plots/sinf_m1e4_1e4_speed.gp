set terminal svg size 900,428 dynamic font 'sans,11'
set output "sinf_m1e4_1e4_speed.svg"
set title "sinf on [-1e4,1e4]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:13.6]
set xrange [0:*]
$d << EOD
0 0.267679 "libmvec avx512" 4487082
1 0.278506 "sleef-u35 avx512" 4487082
2 0.384006 "libmvec avx2" 4487082
3 0.491716 "ulpforge (best) host" 13382417
4 0.501264 "ulpforge avx512" 13382417
5 0.501757 "ulpforge (ulpforge_sinf_u16) avx512" 13382417
6 0.604142 "ulpforge avx2" 13382417
7 0.604144 "sleef-u35 avx2" 4487082
8 0.607422 "ulpforge (ulpforge_sinf_u16) avx2" 13382417
9 2.86055 "sleef-u10 avx512" 4487082
10 4.1898 "sleef-u10 avx2" 4487082
11 4.30431 "glibc scalar" 4487082
12 5.30706 "xsimd avx512" 4487082
13 5.82521 "xsimd avx2" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
