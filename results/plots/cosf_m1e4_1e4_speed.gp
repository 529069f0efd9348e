set terminal svg size 900,516 dynamic font 'sans,11'
set output "cosf_m1e4_1e4_speed.svg"
set title "cosf on [-1e4,1e4]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:17.6]
set xrange [0:*]
$d << EOD
0 0.316459 "highway avx512" 4487082
1 0.321131 "sleef-u35 avx512" 4487082
2 0.420477 "libmvec avx2" 4487082
3 0.466189 "eigen avx512" 4487082
4 0.473057 "libmvec avx512" 4487082
5 0.484777 "ulpforge (best) host" 13382417
6 0.502437 "ulpforge (ulpforge_cosf_u16) avx512" 13382417
7 0.519722 "ulpforge avx512" 13382417
8 0.546534 "highway avx2" 4487082
9 0.68766 "ulpforge (ulpforge_cosf_u16) avx2" 13382417
10 0.739181 "ulpforge avx2" 13382417
11 0.75596 "sleef-u35 avx2" 4487082
12 0.948871 "eigen avx2" 4487082
13 3.96252 "sleef-u10 avx512" 4487082
14 4.82093 "glibc scalar" 4487082
15 5.28635 "sleef-u10 avx2" 4487082
16 6.30651 "xsimd avx512" 4487082
17 6.54801 "xsimd avx2" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
