set terminal svg size 900,318 dynamic font 'sans,11'
set output "sincosf_mpi_pi_speed.svg"
set title "sincosf on [-pi,pi]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:8.6]
set xrange [0:*]
$d << EOD
0 0.414646 "sleef-u35 avx512" 4487082
1 0.619275 "sleef-u10 avx512" 4487082
2 0.624753 "ulpforge avx512" 13382417
3 0.769212 "xsimd avx512" 4487082
4 0.861422 "sleef-u35 avx2" 4487082
5 1.05031 "xsimd avx2" 4487082
6 1.10809 "ulpforge avx2" 13382417
7 1.35263 "sleef-u10 avx2" 4487082
8 5.44089 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
