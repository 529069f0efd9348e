set terminal svg size 900,472 dynamic font 'sans,11'
set output "cosf_m1e4_1e4_speed.svg"
set title "cosf on [-1e4,1e4]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.201776 "highway avx512" 4487082
1 0.211235 "sleef-u35 avx512" 4487082
2 0.230571 "libmvec avx512" 4487082
3 0.290333 "eigen avx512" 4487082
4 0.328767 "libmvec avx2" 4487082
5 0.407002 "highway avx2" 4487082
6 0.439119 "ulpforge avx512" 13382417
7 0.494506 "sleef-u35 avx2" 4487082
8 0.510612 "eigen avx2" 4487082
9 0.670004 "ulpforge avx2" 13382417
10 1.72455 "ulpforge (best) host" 13382417
11 2.20858 "sleef-u10 avx512" 4487082
12 3.48544 "sleef-u10 avx2" 4487082
13 3.80569 "glibc scalar" 4487082
14 5.20373 "xsimd avx512" 4487082
15 6.19372 "xsimd avx2" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
