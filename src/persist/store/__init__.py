"""Storage: atomic file writes, the array stores (npy, HDF5) and the module and
package layouts of saved archives."""
