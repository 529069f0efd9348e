set terminal svg size 900,384 dynamic font 'sans,11'
set output "cbrtf_m1e4_1e4_speed.svg"
set title "cbrtf on [-1e4,1e4]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:11.6]
set xrange [0:*]
$d << EOD
0 0.410495 "libmvec avx512" 4487082
1 0.897763 "ulpforge (best) host" 13382417
2 1.01181 "sleef-u35 avx512" 4487082
3 1.1198 "ulpforge avx512" 13382417
4 1.49417 "ulpforge avx2" 13382417
5 1.50643 "sleef-u35 avx2" 4487082
6 1.72793 "sleef-u10 avx512" 4487082
7 2.05971 "libmvec avx2" 4487082
8 2.34587 "xsimd avx512" 4487082
9 3.55107 "sleef-u10 avx2" 4487082
10 3.74783 "xsimd avx2" 4487082
11 15.9691 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
