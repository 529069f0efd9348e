set terminal svg size 900,516 dynamic font 'sans,11'
set output "atanf_m10_10_speed.svg"
set title "atanf on [-10,10]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:17.6]
set xrange [0:*]
$d << EOD
0 0.350397 "highway avx512" 4487082
1 0.411652 "sleef-u35 avx512" 4487082
2 0.428984 "xsimd avx512" 4487082
3 0.454352 "highway avx2" 4487082
4 0.467469 "libmvec avx512" 4487082
5 0.565084 "xsimd avx2" 4487082
6 0.588555 "ulpforge (ulpforge_atanf_u4) avx512" 13382417
7 0.606345 "sleef-u35 avx2" 4487082
8 0.628981 "ulpforge (best) host" 13382417
9 0.652771 "libmvec avx2" 4487082
10 0.678418 "ulpforge (ulpforge_atanf_u2) avx512" 13382417
11 0.682847 "ulpforge avx512" 13382417
12 0.883181 "ulpforge (ulpforge_atanf_u4) avx2" 13382417
13 1.03601 "sleef-u10 avx512" 4487082
14 1.10173 "ulpforge (ulpforge_atanf_u2) avx2" 13382417
15 1.11404 "ulpforge avx2" 13382417
16 1.86346 "sleef-u10 avx2" 4487082
17 6.37791 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
