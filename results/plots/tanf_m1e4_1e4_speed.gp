set terminal svg size 900,384 dynamic font 'sans,11'
set output "tanf_m1e4_1e4_speed.svg"
set title "tanf on [-1e4,1e4]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:11.6]
set xrange [0:*]
$d << EOD
0 0.242223 "sleef-u35 avx512" 4487082
1 0.478145 "ulpforge (best) host" 13382417
2 0.515331 "ulpforge avx512" 13382417
3 0.52711 "sleef-u35 avx2" 4487082
4 1.01754 "ulpforge avx2" 13382417
5 2.07898 "libmvec avx512" 4487082
6 2.33971 "sleef-u10 avx512" 4487082
7 3.84288 "sleef-u10 avx2" 4487082
8 4.75403 "libmvec avx2" 4487082
9 5.46211 "xsimd avx512" 4487082
10 6.43515 "xsimd avx2" 4487082
11 11.1499 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
