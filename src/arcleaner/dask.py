"""Corpus learning and cleaning on Dask (``pip install 'arcleaner[dask]'``): see
:mod:`arcleaner.integrations.dask`, which this module re-exports."""

from .integrations.dask import clean_bag, clean_dataframe, learn_bag, learn_dataframe

__all__ = ["clean_bag", "clean_dataframe", "learn_bag", "learn_dataframe"]
