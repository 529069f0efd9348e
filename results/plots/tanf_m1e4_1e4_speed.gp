set terminal svg size 900,384 dynamic font 'sans,11'
set output "tanf_m1e4_1e4_speed.svg"
set title "tanf on [-1e4,1e4]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:11.6]
set xrange [0:*]
$d << EOD
0 1.16512 "sleef-u35 avx2" 4487082
1 1.57826 "ulpforge avx2" 13382417
2 4.75256 "libmvec avx2" 4487082
3 5.54818 "sleef-u10 avx2" 4487082
4 6.04945 "ulpforge (best) host" 13382417
5 12.6914 "xsimd avx2" 4487082
6 15.6287 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
