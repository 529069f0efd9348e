set terminal svg size 900,340 dynamic font 'sans,11'
set output "expf_m87.5_89_speed.svg"
set title "expf on [-87.5,89]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:9.6]
set xrange [0:*]
$d << EOD
0 0.284256 "sleef-u10 avx512" 4487082
1 0.297131 "xsimd avx2" 4487082
2 0.321832 "ulpforge avx512" 13382417
3 0.322564 "xsimd avx512" 4487082
4 0.352298 "ulpforge (best) host" 13382417
5 0.451559 "ulpforge avx2" 13382417
6 0.57387 "sleef-u10 avx2" 4487082
7 0.591783 "libmvec avx2" 4487082
8 0.740652 "libmvec avx512" 4487082
9 3.54386 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
