set terminal svg size 900,516 dynamic font 'sans,11'
set output "sinf_m1e4_1e4_speed.svg"
set title "sinf on [-1e4,1e4]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:17.6]
set xrange [0:*]
$d << EOD
0 0.294563 "highway avx512" 4487082
1 0.336183 "libmvec avx512" 4487082
2 0.34903 "sleef-u35 avx512" 4487082
3 0.410613 "highway avx2" 4487082
4 0.430113 "libmvec avx2" 4487082
5 0.450093 "eigen avx512" 4487082
6 0.499475 "ulpforge (best) host" 13382417
7 0.517596 "ulpforge avx512" 13382417
8 0.531304 "ulpforge (ulpforge_sinf_u16) avx512" 13382417
9 0.624159 "ulpforge avx2" 13382417
10 0.680126 "sleef-u35 avx2" 4487082
11 0.700365 "ulpforge (ulpforge_sinf_u16) avx2" 13382417
12 0.821941 "eigen avx2" 4487082
13 3.0363 "sleef-u10 avx512" 4487082
14 4.21733 "sleef-u10 avx2" 4487082
15 4.55541 "glibc scalar" 4487082
16 7.23811 "xsimd avx512" 4487082
17 8.18735 "xsimd avx2" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
