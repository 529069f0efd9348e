set terminal svg size 900,384 dynamic font 'sans,11'
set output "tanf_mpi_pi_speed.svg"
set title "tanf on [-pi,pi]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:11.6]
set xrange [0:*]
$d << EOD
0 0.673444 "libmvec avx2" 4487082
1 0.859885 "xsimd avx2" 4487082
2 1.0013 "sleef-u35 avx2" 4487082
3 1.46443 "ulpforge avx2" 13382417
4 1.97285 "sleef-u10 avx2" 4487082
5 5.79982 "ulpforge (best) host" 13382417
6 11.8555 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable
