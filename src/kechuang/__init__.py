"""kechuang (科创): plan monitoring and evaluation for district S&T commissions."""

__version__ = "0.1.0"
