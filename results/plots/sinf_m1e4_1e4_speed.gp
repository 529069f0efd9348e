set terminal svg size 900,472 dynamic font 'sans,11'
set output "sinf_m1e4_1e4_speed.svg"
set title "sinf on [-1e4,1e4]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.613083 "highway avx2" 4487082
1 0.641799 "libmvec avx2" 4487082
2 0.806911 "ulpforge avx2" 13382417
3 0.915015 "sleef-u35 avx2" 4487082
4 1.14508 "eigen avx2" 4487082
5 4.50606 "ulpforge (best) host" 13382417
6 6.03708 "sleef-u10 avx2" 4487082
7 6.34295 "glibc scalar" 4487082
8 12.3224 "xsimd avx2" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
