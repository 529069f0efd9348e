set terminal svg size 900,340 dynamic font 'sans,11'
set output "erff_m10_10_speed.svg"
set title "erff on [-10,10]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:9.6]
set xrange [0:*]
$d << EOD
0 0.641311 "libmvec avx2" 4487082
1 0.833679 "ulpforge avx2" 13382417
2 1.04475 "ulpforge (best) host" 13382417
3 1.63936 "xsimd avx2" 4487082
4 6.57897 "sleef-u10 avx2" 4487082
5 10.4893 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
