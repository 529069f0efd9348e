set terminal svg size 900,472 dynamic font 'sans,11'
set output "log1pf_m0.5_1_speed.svg"
set title "log1pf on [-0.5,1]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.35342 "highway avx512" 4487082
1 0.455012 "libmvec avx512" 4487082
2 0.535506 "xsimd avx512" 4487082
3 0.550175 "highway avx2" 4487082
4 0.647662 "ulpforge (ulpforge_log1pf_u4) avx512" 13382417
5 0.669891 "ulpforge (ulpforge_log1pf_u2) avx512" 13382417
6 0.733403 "ulpforge avx512" 13382417
7 0.773745 "ulpforge (best) host" 13382417
8 0.809914 "xsimd avx2" 4487082
9 0.816798 "sleef-u10 avx512" 4487082
10 0.824546 "libmvec avx2" 4487082
11 1.06662 "ulpforge (ulpforge_log1pf_u4) avx2" 13382417
12 1.14257 "ulpforge avx2" 13382417
13 1.19989 "ulpforge (ulpforge_log1pf_u2) avx2" 13382417
14 1.2112 "sleef-u10 avx2" 4487082
15 8.04381 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
