set terminal svg size 900,472 dynamic font 'sans,11'
set output "atanhf_m1_1_speed.svg"
set title "atanhf on [-1,1]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.607159 "libmvec avx512" 4487082
1 0.684627 "highway avx512" 4487082
2 0.828506 "highway avx2" 4487082
3 0.941661 "ulpforge (ulpforge_atanhf_u2) avx512" 13382417
4 0.983689 "ulpforge (ulpforge_atanhf_u16) avx512" 13382417
5 1.05956 "ulpforge (best) host" 13382417
6 1.21722 "xsimd avx512" 4487082
7 1.24789 "ulpforge avx512" 13382417
8 1.54229 "sleef-u10 avx512" 4487082
9 1.59225 "xsimd avx2" 4487082
10 1.65416 "ulpforge (ulpforge_atanhf_u16) avx2" 13382417
11 1.71215 "libmvec avx2" 4487082
12 1.7262 "ulpforge (ulpforge_atanhf_u2) avx2" 13382417
13 1.74282 "ulpforge avx2" 13382417
14 2.71054 "sleef-u10 avx2" 4487082
15 15.6454 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
