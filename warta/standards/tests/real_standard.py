"""The office's real standard (the data file) and the component names it must be read with."""

from pathlib import Path

REAL = Path(__file__).resolve().parents[1] / "data" / "standar-publikasi-konten-media-sosial.txt"

SERVICE_DELIVERY_NAMES = [
    "Persyaratan",
    "Sistem, Mekanisme dan Prosedur",
    "Jangka Waktu Penyelesaian",
    "Biaya (Tarif)",
    "Produk Pelayanan",
    "Penanganan Pengaduan, Saran, dan Masukan/ Apresiasi",
]
MANUFACTURING_NAMES = [
    "Dasar Hukum",
    "Sarana, Prasarana, dan/atau Fasilitas",
    "Kompetensi Pelaksanaan",
    "Pengawasan Internal",
    "Jumlah Pelaksana",
    "Jaminan Pelayanan",
    "Jaminan Keamanan dan Keselamatan Pelayanan",
    "Evaluasi Kinerja Pelaksana",
]
