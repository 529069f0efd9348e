set terminal svg size 900,340 dynamic font 'sans,11'
set output "expf_m87.5_89_speed.svg"
set title "expf on [-87.5,89]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:9.6]
set xrange [0:*]
$d << EOD
0 0.28468 "sleef-u10 avx512" 4487082
1 0.30579 "xsimd avx2" 4487082
2 0.30851 "xsimd avx512" 4487082
3 0.320675 "ulpforge avx512" 13382417
4 0.366753 "ulpforge (best) host" 13382417
5 0.427181 "ulpforge avx2" 13382417
6 0.558409 "sleef-u10 avx2" 4487082
7 0.565906 "libmvec avx512" 4487082
8 0.589857 "libmvec avx2" 4487082
9 3.0665 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
