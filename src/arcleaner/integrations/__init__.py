"""Optional engines that run corpus learning and cleaning at scale.

- :mod:`arcleaner.integrations.datatrove`: datatrove pipeline steps (``pip install
  'arcleaner[datatrove]'``);
- :mod:`arcleaner.integrations.dask` (also importable as :mod:`arcleaner.dask`): Dask bags
  and dataframes (``pip install 'arcleaner[dask]'``).

Nothing else in arcleaner imports these modules, so the core never needs either engine.
"""
